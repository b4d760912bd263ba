//! The workspace index: facts about every draft of a folder or LSP
//! workspace, so spellings and titles can be compared across a story's
//! drafts.

/// Per-draft facts of every draft in a workspace.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceIndex {}

impl WorkspaceIndex {
    pub fn new() -> WorkspaceIndex {
        WorkspaceIndex::default()
    }
}

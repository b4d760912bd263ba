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

impl WorkspaceIndex {
    /// Record (or replace) the facts of one draft.
    pub fn update(&mut self, path: &str, analysis: &crate::analysis::Analysis) {
        let _ = (path, analysis);
    }

    /// Forget a draft (deleted, or no longer a draft).
    pub fn remove(&mut self, path: &str) {
        let _ = path;
    }

    /// The other drafts whose findings may change when `path` changes.
    pub fn affected_by(&self, path: &str) -> Vec<String> {
        let _ = path;
        Vec::new()
    }
}

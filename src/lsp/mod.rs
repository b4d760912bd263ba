//! The LSP face: `copydesk lsp`. Translates findings into diagnostics and
//! code actions; holds no linguistic logic.

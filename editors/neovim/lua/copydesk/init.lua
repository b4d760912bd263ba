-- copydesk for Neovim: starts `copydesk lsp` for text and markdown buffers.
--
--   require("copydesk").setup({})                      -- defaults
--   require("copydesk").setup({ cmd = { "/path/to/copydesk", "lsp" },
--                               settings = { copydesk = { houseStyle = "guardian" } } })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + a FileType autocommand),
-- 0.8-0.10 (vim.lsp.start) and 0.11+ (vim.lsp.config / vim.lsp.enable).

local M = {}

M.defaults = {
  -- The server command. A bare name is looked up on PATH.
  cmd = { "copydesk", "lsp" },
  filetypes = { "text", "markdown" },
  -- The folder holding one of these is the workspace (stylebook, `scope: workspace`).
  root_markers = { "copydesk.json", ".copydesk.json", ".git" },
  -- Sent as initializationOptions and in workspace/didChangeConfiguration:
  -- { copydesk = { houseStyle = "ap"|"guardian"|"off", scope = "workspace"|"document",
  --                stylebook = "/path/copydesk.json", rules = { ["title.case"] = "off" } } }
  settings = { copydesk = {} },
}

M.config = nil
-- Neovim 0.7 only: one client per root folder, reused across buffers.
local clients_by_root = {}
local warned_missing = false

local function notify(msg, level)
  vim.schedule(function()
    vim.notify(msg, level or vim.log.levels.ERROR, { title = "copydesk" })
  end)
end

--- The message a reporter sees when the binary is not there, with the fix.
function M.missing_binary_message(cmd)
  return ("copydesk: the server binary %q was not found. Install it (`cargo install --path .` in the copydesk "
    .. "repository, or put the release binary on your PATH), or pass its path: "
    .. 'require("copydesk").setup({ cmd = { "/path/to/copydesk", "lsp" } })'):format(cmd[1])
end

local function executable(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    notify(M.missing_binary_message(cmd))
  end
  return false
end

--- The workspace folder of a file: the nearest folder up with a root marker, else the file's own folder.
function M.root_dir(fname, markers)
  local dir = vim.fn.fnamemodify(fname, ":p:h")
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      local root = vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git/?$", "")
      return root
    end
  end
  return dir
end

local function client_config(root)
  local c = M.config
  return {
    name = "copydesk",
    cmd = c.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = c.settings,
    settings = c.settings,
  }
end

--- Attaches copydesk to a buffer (called from the FileType autocommand).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if vim.bo[bufnr].buftype ~= "" or not executable(M.config.cmd) then
    return nil
  end
  local root = fname ~= "" and M.root_dir(fname, M.config.root_markers) or vim.fn.getcwd()
  if vim.lsp.start then
    -- 0.8+: reuses a running client with the same name and root.
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  -- 0.7: start (or reuse) a client for this root, then attach.
  local id = clients_by_root[root]
  if id == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(client_config(root))
    if id == nil then
      notify("copydesk: the server failed to start: " .. table.concat(M.config.cmd, " "))
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Sets copydesk up. `opts` is merged over `M.defaults`.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local c = M.config
  if vim.lsp.config and vim.lsp.enable then
    -- 0.11+: the built-in configuration registry.
    if not executable(c.cmd) then
      return
    end
    vim.lsp.config("copydesk", {
      cmd = c.cmd,
      filetypes = c.filetypes,
      root_markers = c.root_markers,
      init_options = c.settings,
      settings = c.settings,
    })
    vim.lsp.enable("copydesk")
    return
  end
  local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = c.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs (lazy loading) are attached too.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(c.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

--- Sends new settings to the running copydesk servers (workspace/didChangeConfiguration).
function M.set_settings(settings)
  M.config.settings = vim.tbl_deep_extend("force", M.config.settings, settings)
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(get_clients()) do
    if client.name == "copydesk" then
      client.config.settings = M.config.settings
      client.notify("workspace/didChangeConfiguration", { settings = M.config.settings })
    end
  end
end

return M

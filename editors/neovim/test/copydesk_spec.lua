-- Headless test: open a draft, wait for copydesk's diagnostics, check rule ids
-- and positions, run the quick fix through the request API, check the text.
-- Run by test/run.sh: nvim --headless -u NONE -l is 0.9+, so this uses `-c luafile`.

local bin = os.getenv("COPYDESK_BIN")
local draft = os.getenv("COPYDESK_DRAFT")
local failures, passes = 0, 0

local function check(ok, what)
  if ok then
    passes = passes + 1
    io.stdout:write("ok - " .. what .. "\n")
  else
    failures = failures + 1
    io.stdout:write("not ok - " .. what .. "\n")
  end
end

local function finish()
  io.stdout:write(("%d passed, %d failed\n"):format(passes, failures))
  vim.cmd((failures == 0 and passes > 0) and "qall!" or "cquit! 1")
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv("COPYDESK_NVIM_PLUGIN"))
  vim.cmd("filetype on")
  -- A missing binary: a message with the fix, and no client.
  local notes = {}
  local real_notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(notes, { msg = msg, level = level })
  end
  require("copydesk").setup({ cmd = { "/nonexistent/copydesk", "lsp" } })
  vim.cmd("edit " .. vim.fn.fnameescape(vim.fn.fnamemodify(draft, ":h") .. "/other.md"))
  vim.wait(500, function()
    return #notes > 0
  end, 20)
  vim.notify = real_notify
  local note = notes[1] and notes[1].msg or ""
  check(note:find("not found", 1, true) ~= nil and note:find("setup({ cmd", 1, true) ~= nil,
    "a missing binary gets a message with the fix: " .. note)
  check(#vim.lsp.buf_get_clients(0) == 0, "and no client is started")
  vim.cmd("bwipeout!")

  require("copydesk").setup({ cmd = { bin, "lsp" }, settings = { copydesk = { scope = "document" } } })
  vim.cmd("edit " .. vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "text", "a .txt draft has filetype text (got " .. vim.bo[buf].filetype .. ")")

  local attached = vim.wait(10000, function()
    return #vim.lsp.buf_get_clients(buf) > 0
  end, 50)
  check(attached, "copydesk attached to the draft")
  local client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
  check(client ~= nil and client.name == "copydesk", "the client is named copydesk")

  local function unbalanced()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.source == "copydesk" and d.code == "quote.unbalanced" then
        table.insert(found, d)
      end
    end
    return found
  end
  local got = vim.wait(10000, function()
    return #unbalanced() > 0
  end, 50)
  check(got, "a quote.unbalanced diagnostic arrived")
  local d = unbalanced()[1]
  if not d then
    io.stdout:write("# diagnostics: " .. vim.inspect(vim.diagnostic.get(buf)) .. "\n")
    return
  end
  -- Line 3 is "Café owners left.” Then …": the mark is at byte column 18
  -- (é is two bytes; 17 in UTF-16), 0-based line 2. Neovim stores byte columns.
  check(d.lnum == 2, "diagnostic on the third line (lnum " .. d.lnum .. ")")
  check(d.col == #"Café owners left.", "diagnostic at byte column 18 (col " .. d.col .. ")")
  local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
  check(line:sub(d.col + 1, d.col + 3) == "\u{201d}", "the diagnostic starts on the stray ” mark")
  check(type(d.message) == "string" and #d.message > 0, "the diagnostic has a message")

  -- The quick fix through the request API, built as vim.lsp.buf.code_action()
  -- builds it: the cursor on the diagnostic, the range at the cursor, the
  -- line's diagnostics in LSP form as the context.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf), only = { "quickfix" } }
  check(#params.context.diagnostics > 0, "the line's diagnostics go in the request's context")
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
  local fix
  for _, resp in pairs(responses) do
    for _, action in ipairs(resp.result or {}) do
      -- copydesk offers "Open the quote with “" and "Remove the stray mark"; take the removal.
      if fix == nil and action.kind == "quickfix" and action.edit and action.title:find("^Remove") then
        fix = action
      end
    end
  end
  check(fix ~= nil, "the server offers a Remove quickfix with a plain WorkspaceEdit")
  if not fix then
    io.stdout:write("# code actions: " .. vim.inspect(responses) .. "\n")
    return
  end
  io.stdout:write("# applying: " .. fix.title .. "\n")
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  local expected = os.getenv("COPYDESK_EXPECTED_AFTER")
  check(after == expected, "the buffer text after the fix is as expected")
  if after ~= expected then
    io.stdout:write("# got:      " .. vim.inspect(after) .. "\n# expected: " .. vim.inspect(expected) .. "\n")
  end
  -- The edit reaches the server (didChange) and the diagnostic goes away.
  local cleared = vim.wait(10000, function()
    return #unbalanced() == 0
  end, 50)
  check(cleared, "after the fix the server no longer reports quote.unbalanced")
end)
if not ok then
  failures = failures + 1
  io.stdout:write("not ok - the test raised: " .. tostring(err) .. "\n")
end
finish()

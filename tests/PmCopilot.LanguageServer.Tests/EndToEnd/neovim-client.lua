-- Headless Neovim as a third-party LSP client of PmCopilot (Neovim 0.7+ API: start_client + buf_attach_client).
-- Input (environment): PMC_CMD (JSON array: server command), PMC_ROOT, PMC_FILES (JSON array of paths), PMC_OUT (result file).
-- Output: JSON {files = {[path] = {published = [...codes], diagnostics = [...codes from vim.diagnostic], hover = "...", actions = [...]}}, exit = ...}
local cmd = vim.fn.json_decode(os.getenv("PMC_CMD"))
local files = vim.fn.json_decode(os.getenv("PMC_FILES"))
local out = os.getenv("PMC_OUT")
local published = {}
local log = {}

local function note(text) table.insert(log, text) end

local client_id = vim.lsp.start_client({
  name = "pmcopilot",
  cmd = cmd,
  root_dir = os.getenv("PMC_ROOT"),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      local codes = {}
      for _, d in ipairs(result.diagnostics) do table.insert(codes, d.code) end
      published[vim.uri_to_fname(result.uri)] = codes
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
  on_exit = function(code, signal) note("server exited code=" .. tostring(code) .. " signal=" .. tostring(signal)) end,
})
if not client_id then
  note("start_client failed")
end

local buffers = {}
for _, path in ipairs(files) do
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  buffers[path] = bufnr
  vim.lsp.buf_attach_client(bufnr, client_id)
end

local function all_published()
  for _, path in ipairs(files) do
    if published[path] == nil or #published[path] == 0 then return false end
  end
  return true
end

local ok = vim.wait(tonumber(os.getenv("PMC_TIMEOUT_MS") or "90000"), all_published, 100)
note("all published: " .. tostring(ok))

local result = { files = {}, log = log }
for _, path in ipairs(files) do
  local bufnr = buffers[path]
  local entry = { published = published[path] or {}, diagnostics = {}, actions = {} }
  local first = nil
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(entry.diagnostics, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
    first = first or d
  end
  if first then
    local position = { line = first.lnum, character = first.col }
    local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position }, 30000)
    for _, response in pairs(hover or {}) do
      if response.result and response.result.contents then entry.hover = response.result.contents.value end
    end
    local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = position, ["end"] = position },
      context = { diagnostics = {} } }, 30000)
    for _, response in pairs(actions or {}) do
      for _, action in ipairs(response.result or {}) do table.insert(entry.actions, action.title) end
    end
  end
  result.files[path] = entry
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(result))
handle:close()
vim.cmd("qa!")

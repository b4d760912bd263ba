;;; copydesk.el --- copydesk diagnostics in Emacs through eglot  -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, wp
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; Runs `copydesk lsp' for plain-text and Markdown drafts through eglot, so
;; unattributed quotes, names spelled two ways and titles in the wrong case
;; show up as flymake diagnostics, with copydesk's fixes as code actions
;; (M-x eglot-code-actions).
;;
;;   (add-to-list 'load-path "/path/to/copydesk/editors/emacs")
;;   (require 'copydesk)
;;   (copydesk-setup)
;;
;; Then open a .txt or .md draft.

;;; Code:

(require 'eglot)
(require 'seq)

(defgroup copydesk nil
  "copydesk: a copy editor for news drafts."
  :group 'tools
  :prefix "copydesk-")

(defcustom copydesk-command '("copydesk" "lsp")
  "The command that starts the copydesk server.
Set its first element to the full path of the binary when it is not on
`exec-path'."
  :type '(repeat string))

(defcustom copydesk-options nil
  "The user's stylebook options, sent to the server as initializationOptions.
A plist under the `:copydesk' key, e.g.
  (:copydesk (:houseStyle \"guardian\" :scope \"document\"
              :stylebook \"~/news/copydesk.json\"))
nil leaves everything to the newsroom's copydesk.json."
  :type '(plist))

(defcustom copydesk-modes '(text-mode markdown-mode gfm-mode)
  "Major modes whose buffers copydesk lints.
`text-mode' is matched exactly, not through the modes derived from it
\(Org, commit messages, mail), which are not drafts."
  :type '(repeat symbol))

(defcustom copydesk-auto-start t
  "When non-nil, `copydesk-setup' starts eglot in every draft buffer."
  :type 'boolean)

(defun copydesk-missing-binary-message ()
  "The message shown when the server binary is not found, with the fix."
  (format (concat "copydesk: the server binary %S was not found. Install it "
                  "(`cargo install --path .' in the copydesk repository, or put the "
                  "release binary on your PATH), or set `copydesk-command' to "
                  "(\"/path/to/copydesk\" \"lsp\").")
          (car copydesk-command)))

(defun copydesk--contact (&rest _)
  "The eglot contact for copydesk: command plus initializationOptions."
  (if copydesk-options
      (append copydesk-command (list :initializationOptions copydesk-options))
    copydesk-command))

(defun copydesk--language-id (mode)
  "The LSP language id for MODE, as VS Code names it: the server reads
Markdown only when told \"markdown\"."
  (if (memq mode '(markdown-mode gfm-mode markdown-ts-mode)) "markdown" "plaintext"))

(defun copydesk--server-modes ()
  "`copydesk-modes' in `eglot-server-programs' form, with language ids."
  (mapcar (lambda (mode) (list mode :language-id (copydesk--language-id mode)))
          copydesk-modes))

(defun copydesk--draft-buffer-p ()
  "Non-nil when the current buffer is a draft copydesk should lint."
  (and buffer-file-name (memq major-mode copydesk-modes)))

(defun copydesk-maybe-start ()
  "Start eglot with copydesk in this buffer if it is a draft.
Says how to fix a missing binary instead of failing obscurely."
  (when (copydesk--draft-buffer-p)
    (if (executable-find (car copydesk-command))
        (eglot-ensure)
      (display-warning 'copydesk (copydesk-missing-binary-message) :error))))

;;;###autoload
(defun copydesk-setup ()
  "Register copydesk with eglot; with `copydesk-auto-start', start it in drafts."
  (interactive)
  (setq eglot-server-programs
        (cons (cons (copydesk--server-modes) #'copydesk--contact)
              (seq-remove (lambda (entry) (eq (cdr entry) #'copydesk--contact))
                          eglot-server-programs)))
  (when copydesk-auto-start
    (dolist (hook '(text-mode-hook markdown-mode-hook gfm-mode-hook))
      (add-hook hook #'copydesk-maybe-start))))

(provide 'copydesk)
;;; copydesk.el ends here

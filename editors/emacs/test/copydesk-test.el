;;; copydesk-test.el --- batch test: eglot + copydesk lsp on a draft  -*- lexical-binding: t -*-

;; Run by test/run.sh:
;;   emacs --batch -Q -L editors/emacs -l test/copydesk-test.el
;; with COPYDESK_BIN (the server) and COPYDESK_DRAFT (a .txt draft) set.

(require 'package)
;; -Q skips Debian's startup, which is what normally puts elpa-eglot
;; (in site-lisp/elpa) within package.el's reach.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'copydesk)
(require 'flymake)

(defvar copydesk-test-passed 0)
(defvar copydesk-test-failed 0)

(defun copydesk-test-check (ok what)
  (if ok
      (progn (setq copydesk-test-passed (1+ copydesk-test-passed))
             (princ (format "ok - %s\n" what)))
    (setq copydesk-test-failed (1+ copydesk-test-failed))
    (princ (format "not ok - %s\n" what))))

(defun copydesk-test-wait (pred seconds)
  "Run the event loop until PRED is non-nil or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun copydesk-test-unbalanced ()
  (seq-filter (lambda (d) (string-match-p "\\`copydesk \\[quote\\.unbalanced\\]: "
                                          (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(defun copydesk-test-missing-binary ()
  "A missing binary: a warning with the fix, and no server."
  (let ((copydesk-command '("/nonexistent/copydesk" "lsp")))
    (copydesk-setup)
    (with-current-buffer (find-file-noselect
                          (expand-file-name "other.txt" (file-name-directory (getenv "COPYDESK_DRAFT"))))
      (run-hooks 'post-command-hook)
      (copydesk-test-check (null (eglot-current-server)) "no server starts without the binary")
      (kill-buffer)))
  (let ((warnings (and (get-buffer "*Warnings*")
                       (with-current-buffer "*Warnings*" (buffer-string)))))
    (copydesk-test-check (and warnings (string-match-p "not found.*copydesk-command" warnings))
                         (format "a missing binary gets a warning with the fix: %s" (string-trim (or warnings ""))))))

(defun copydesk-test-language-ids ()
  "eglot's own lookup gives the server the language ids it reads."
  (copydesk-setup)
  (dolist (case '((text-mode . "plaintext") (markdown-mode . "markdown") (gfm-mode . "markdown")))
    (let ((found (eglot--lookup-mode (car case))))
      (copydesk-test-check (and found (equal (nth 1 found) (cdr case))
                                (eq (nth 2 found) #'copydesk--contact))
                           (format "eglot maps %s to copydesk with language id %s (%S)"
                                   (car case) (cdr case) (nth 1 found))))))

(defun copydesk-test-run ()
  (copydesk-test-language-ids)
  (copydesk-test-missing-binary)
  (setq copydesk-command (list (getenv "COPYDESK_BIN") "lsp")
        copydesk-options '(:copydesk (:scope "document")))
  (setq eglot-sync-connect 5)
  (copydesk-setup)
  (find-file (getenv "COPYDESK_DRAFT"))
  ;; eglot-ensure connects when the command that opened the file ends
  ;; (post-command-hook); batch mode has no command loop, so end it here.
  (run-hooks 'post-command-hook)
  (copydesk-test-check (eq major-mode 'text-mode) (format "a .txt draft opens in text-mode (%s)" major-mode))
  (copydesk-test-check (copydesk-test-wait (lambda () (eglot-current-server)) 10)
                       "eglot started copydesk for the draft")
  (copydesk-test-check (bound-and-true-p flymake-mode) "flymake is on in the draft")
  (let ((diags (copydesk-test-wait #'copydesk-test-unbalanced 10)))
    (copydesk-test-check diags "a copydesk quote.unbalanced diagnostic reached flymake")
    (if (null diags)
        (princ (format "# flymake diagnostics: %S\n" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (let* ((d (car diags))
             (beg (flymake-diagnostic-beg d)))
        (save-excursion
          (goto-char beg)
          (copydesk-test-check (= (line-number-at-pos) 3) (format "on line 3 (%d)" (line-number-at-pos)))
          ;; Emacs counts characters: "Café owners left." is 17 of them.
          (copydesk-test-check (= (current-column) 17) (format "at column 17 (%d)" (current-column)))
          (copydesk-test-check (eq (char-after) ?\u201d) "on the stray closing mark"))
        ;; The quick fix: copydesk's code action is a plain WorkspaceEdit.
        (let* ((actions (eglot-code-actions beg (flymake-diagnostic-end d) "quickfix"))
               (fix (seq-find (lambda (a) (and (plist-get a :edit)
                                               (string-prefix-p "Remove" (plist-get a :title))))
                              actions)))
          (copydesk-test-check fix (format "a Remove quickfix with an edit (%d actions)" (length actions)))
          (when fix
            (princ (format "# applying: %s\n" (plist-get fix :title)))
            (eglot--apply-workspace-edit (plist-get fix :edit))
            (let ((expected (getenv "COPYDESK_EXPECTED_AFTER"))
                  (text (buffer-substring-no-properties (point-min) (point-max))))
              (copydesk-test-check (equal (string-trim-right text) (string-trim-right expected))
                                   "the buffer text after the fix is as expected")
              (unless (equal (string-trim-right text) (string-trim-right expected))
                (princ (format "# got: %S\n# expected: %S\n" text expected))))
            (copydesk-test-check (copydesk-test-wait (lambda () (null (copydesk-test-unbalanced))) 10)
                                 "after the fix the diagnostic goes away")))))))

(condition-case err
    (copydesk-test-run)
  (error (copydesk-test-check nil (format "the test raised: %S" err))))
(princ (format "%d passed, %d failed\n" copydesk-test-passed copydesk-test-failed))
(kill-emacs (if (and (= copydesk-test-failed 0) (> copydesk-test-passed 0)) 0 1))

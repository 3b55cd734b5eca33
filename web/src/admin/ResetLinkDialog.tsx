import { useRef, useState } from 'react';
import { formatDateTime } from '../customers/format';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { TextField } from '../ui/Field';
import type { ResetLink } from './admin-api';

/**
 * Shows a password reset link once, to copy and hand over (this server sends no mail). The link
 * works once, for 24 hours, and replaces any earlier link of the user.
 */
export function ResetLinkDialog({ name, link, onClose }: { name: string; link: ResetLink; onClose(): void }) {
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    box.current?.querySelector('input')?.select();
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard (a page served over plain http): the link is selected for Ctrl+C.
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };
  return (
    <Dialog
      open
      title={`Password reset link for ${name}`}
      onClose={onClose}
      description={`Hand this link to ${name} yourself: no e-mail is sent. It works once, until ${formatDateTime(link.expiresAt)}, and replaces any earlier link. It is shown only now.`}
    >
      <div className="form" data-testid="reset-link" ref={box}>
        <TextField
          label="Reset link"
          readOnly
          value={link.url}
          onFocus={(e) => e.target.select()}
          hint={copied ?? undefined}
        />
        <DialogActions>
          <Button onClick={onClose}>Done</Button>
          <Button variant="primary" onClick={() => void copy()}>
            Copy link
          </Button>
        </DialogActions>
      </div>
    </Dialog>
  );
}

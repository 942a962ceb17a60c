// Owns what the editing features lay over any view: the open dialog (remove, tag, prune, commit),
// the row menu and the notifications corner. One dialog at a time, chosen by the edit slice.
import { useApp, useAppStore } from '../../store/use-app';
import { CommitDialog } from './CommitDialog';
import { PruneDialog } from './PruneDialog';
import { RemoveDialog } from './RemoveDialog';
import { RowMenu } from './RowMenu';
import { TagDialog } from './TagDialog';
import { UndoToasts } from './UndoToast';
import './edit.css';

function CurrentDialog() {
  const store = useAppStore();
  const dialog = useApp((s) => s.edit.dialog);
  if (!dialog) return null;
  const onClose = () => store.getState().edit.closeDialog();
  switch (dialog.kind) {
    case 'remove':
      return <RemoveDialog key={dialog.nonce} names={dialog.names} onClose={onClose} />;
    case 'tag':
      return <TagDialog key={dialog.nonce} source={dialog.source} onClose={onClose} />;
    case 'prune':
      return <PruneDialog key={dialog.nonce} onClose={onClose} />;
    case 'commit':
      return <CommitDialog key={dialog.nonce} onClose={onClose} />;
  }
}

export function EditOverlays() {
  return (
    <>
      <CurrentDialog />
      <RowMenu />
      <UndoToasts />
    </>
  );
}

// Owns what pulling and image details lay over any view: the Pull dialog and the image details
// dialog, each mounted while its slice says it is open (a new nonce remounts it fresh).
import { useApp, useAppStore } from '../../store/use-app';
import { DetailDialog } from './DetailDialog';
import { PullDialog } from '../search-pull/PullDialog';

export function DetailOverlays() {
  const store = useAppStore();
  const pull = useApp((s) => s.pull.dialog);
  const detailNonce = useApp((s) => s.detail.open?.nonce ?? null);
  return (
    <>
      {pull && <PullDialog key={pull.nonce} initial={pull.initial} onClose={() => store.getState().pull.closeDialog()} />}
      {detailNonce !== null && <DetailDialog key={detailNonce} onClose={() => store.getState().detail.close()} />}
    </>
  );
}

// Owns the registries dialogs other views open (Log in from a failed push, Push and Push to local
// registry from an image row): mounted while the registries slice says so, fresh for each nonce.
import { useApp, useAppStore } from '../../store/use-app';
import { LoginDialog } from './LoginDialog';
import { LocalPushDialog, PushDialog } from './PushDialog';

export function RegistriesOverlays() {
  const store = useAppStore();
  const dialog = useApp((s) => s.registries.dialog);
  if (!dialog) return null;
  const onClose = () => store.getState().registries.closeDialog();
  switch (dialog.kind) {
    case 'login':
      return <LoginDialog key={dialog.nonce} host={dialog.host} onClose={onClose} />;
    case 'push':
      return <PushDialog key={dialog.nonce} reference={dialog.reference} onClose={onClose} />;
    case 'localPush':
      return <LocalPushDialog key={dialog.nonce} dialog={dialog} onClose={onClose} />;
  }
}

// Owns mounting "Copy to registry" while its slice says it is open (from the registry browser or an
// image row), fresh for each nonce. Its own chunk (AppLazy.tsx): the contract's schemas come with it.
import { useApp, useAppStore } from '../../store/use-app';
import { CopyToRegistryDialog } from './CopyToRegistryDialog';

export function RegistryCopyOverlay() {
  const store = useAppStore();
  const dialog = useApp((s) => s.registryCopy.dialog);
  if (!dialog) return null;
  return <CopyToRegistryDialog key={dialog.nonce} dialog={dialog} onClose={() => store.getState().registryCopy.close()} />;
}

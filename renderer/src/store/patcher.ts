// Owns the one way slices update themselves: a shallow patch of their own key. Generic over the
// state, so it imports nothing of the store: slices need it at run time, types.ts never does.

/** Replaces part of one slice, leaving the other slices' objects untouched (so their selectors stay quiet). */
export function patcher<S, K extends keyof S>(set: (partial: NoInfer<Partial<S>>) => void, get: () => S, key: K) {
  return (patch: Partial<S[K]>) => set({ [key]: { ...get()[key], ...patch } } as unknown as Partial<S>);
}

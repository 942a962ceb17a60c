// Owns a tiny typed publish/subscribe used by core services (no Node EventEmitter typing gymnastics).
export class TypedEmitter<M extends object> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();

  on<K extends keyof M>(event: K, listener: (payload: M[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (p: M[K]) => void)(payload);
      } catch (err) {
        // A broken subscriber must not stop the others or the engine loop.
        console.error(`[stevedore] listener for ${String(event)} failed:`, err);
      }
    }
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

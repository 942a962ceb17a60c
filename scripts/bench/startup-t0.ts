// The first module of the bench:startup core child: the moment the core's code starts loading,
// recorded before any other module of the bundle is evaluated (it is the entry's first import).
export const loadedAt = performance.now();

// The reference grammar lives in shared/ (the page needs it too, for the clipboard offer); core's
// modules keep importing it from here.
export * from '../../shared/reference';

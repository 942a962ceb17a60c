// Owns the Spanish strings: one JSON file per area of the UI (each holds that area's top-level keys),
// merged into the one `translation` resource i18next reads, so keys are the same as in one file.
import images from './images.json';
import edit from './edit.json';
import transfer from './transfer.json';
import registries from './registries.json';
import jobs from './jobs.json';
import searchpull from './search-pull.json';
import detail from './detail.json';
import shell from './shell.json';
import disk from './disk.json';
import explore from './explore.json';
import diff from './diff.json';
import updates from './updates.json';
import registryCopy from './registry-copy.json';

export default {
  ...images,
  ...edit,
  ...transfer,
  ...registries,
  ...jobs,
  ...searchpull,
  ...detail,
  ...shell,
  ...disk,
  ...explore,
  ...diff,
  ...updates,
  ...registryCopy,
};

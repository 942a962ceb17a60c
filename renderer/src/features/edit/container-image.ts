// Owns a container's IMAGE as `docker ps` prints it (cli/command/formatter/container.go Image()):
// the engine answers with the reference the container was created from, or with the image ID
// when that reference no longer names the image (retagged, removed, or created by ID). The CLI
// then shows the 12-character ID, and drops a digest from a name; the full value is a tooltip.
import { truncateId } from '../../../../shared/docker-units';
import { familiarName, parseNormalizedNamed } from '../../../../shared/reference';

export function psImageText(image: string, imageId: string): string {
  if (image === '') return '<no image>';
  if (truncateId(imageId) === truncateId(image)) return truncateId(image);
  try {
    const ref = parseNormalizedNamed(image);
    return ref.tag !== undefined ? `${familiarName(ref)}:${ref.tag}` : familiarName(ref);
  } catch {
    return image;
  }
}

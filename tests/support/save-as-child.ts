// Runs one save as whatever user this process is (the permission test starts it as `nobody`,
// since root ignores mode bits) and prints the contract error, or the result, as JSON.
import Dockerode from 'dockerode';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { saveToFile } from '../../electron/core/transfer/transfer-files';

const [host, ref, target] = process.argv.slice(2);
const docker = new Dockerode(dockerodeOptions({ host, source: 'env' }));
saveToFile(docker, [ref], target).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (err: unknown) => process.stdout.write(JSON.stringify(toContractError(err))),
);

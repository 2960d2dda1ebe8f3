/**
 * Bundled by the build test with and without the desktop release defines, then run: prints how
 * model-pack trust decides in that bundle, for a development-signed pack and the bundled one.
 */
import { servicePackTrust } from '../../native/model/pack/trusted-keys';
import { verifyPack } from '../../native/model/pack/verify-pack';
import { RELEASE_BUILD } from '../../native/platform/release-build';

const [developmentPack = '', bundledPack = ''] = process.argv.slice(2);
const outcome = (dir: string) =>
  verifyPack(dir, { checkModel: async () => {} }).then(
    () => 'accepted',
    (error: Error & { code?: string }) => error.code ?? error.message,
  );

process.stdout.write(
  JSON.stringify({
    release: RELEASE_BUILD,
    demoWithOptIn: servicePackTrust(true, { GENBA_TRUST_DEVELOPMENT_KEY: '1' }).developmentKey,
    developmentPack: await outcome(developmentPack),
    bundledPack: await outcome(bundledPack),
  }),
);

import { fileURLToPath } from 'node:url';
import { describePublicApi } from '../../../test-setup/public-api-suite.ts';

describePublicApi(fileURLToPath(new URL('..', import.meta.url)), () => import('../src/index.js'));

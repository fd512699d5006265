import { atomVitestConfig } from '../../vitest.shared.ts';

export default atomVitestConfig();

// The store suite on PGlite (one embedded database for the file).
import { usePglite } from '../db/harness.js';
import { storeSuite } from './store.suite.js';

storeSuite(usePglite(), 25);

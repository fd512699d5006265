// The store suite on the DATABASE_URL server (a database of its own, dropped after).
import { usePostgres } from '../db/harness.js';
import { storeSuite } from './store.suite.js';

storeSuite(usePostgres(), 50);

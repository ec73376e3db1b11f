/**
 * The one worker script. The page starts it twice, named for its job: the import worker and the search worker run
 * side by side (a search stays quick while a library is being verified), but the code they share (idb, the storage
 * modules, the RPC, errors) downloads and is cached once.
 */
import { WORKER_NAMES } from '../core/constants';
import { warmFormatters } from '../core/dates';
import { serveImports } from './import-worker';
import { serveSearch } from './search-worker';

if (self.name === WORKER_NAMES.search) serveSearch();
else serveImports();
// The search worker starts with the app: its first moments load the locale data the page's dates will need.
if (self.name === WORKER_NAMES.search) setTimeout(warmFormatters);

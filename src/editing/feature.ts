/** Write endpoints and editing pages: changes with review, published through the data-version signal. */
import type { AccountsService } from '../accounts/service.js';
import type { Feature } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { editingPages, type RepositoryDocuments } from './page-routes.js';
import { editingApi } from './routes.js';
import type { EditingService } from './service.js';

/** `repositoryDocuments`: the documents of a mechanism in the repository, for the meeting forms (app.ts wires it). */
export function editingFeature(
  editing: EditingService,
  accounts: AccountsService,
  registry: RegistryService,
  repositoryDocuments?: RepositoryDocuments,
): Feature {
  return {
    name: 'editing',
    tag: { name: 'editing', description: 'Write endpoints: personal API token (Bearer) and If-Match required' },
    routes: [editingApi(editing, accounts), editingPages(editing, registry, repositoryDocuments)],
  };
}

/** Where the audit log links an audited record: its history page (accounts' admin pages take it from the root). */
export { recordHistoryHref } from './pages.js';

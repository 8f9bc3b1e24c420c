/** Write endpoints and editing pages: changes with review, published through the data-version signal. */
import type { AccountsService } from '../accounts/service.js';
import type { Feature } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { editingPages } from './page-routes.js';
import { editingApi } from './routes.js';
import type { EditingService } from './service.js';

export function editingFeature(editing: EditingService, accounts: AccountsService, registry: RegistryService): Feature {
  return {
    name: 'editing',
    tag: { name: 'editing', description: 'Write endpoints: personal API token (Bearer) and If-Match required' },
    routes: [editingApi(editing, accounts), editingPages(editing, registry)],
  };
}

/** Where the audit log links an audited record: its history page (accounts' admin pages take it from the root). */
export { recordHistoryHref } from './pages.js';

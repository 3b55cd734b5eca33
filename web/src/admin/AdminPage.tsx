import { type KeyboardEvent, useRef } from 'react';
import type { PageProps } from '../app/page';
import { useRouter } from '../app/router';
import { can } from '../auth/permissions';
import { PageHeader } from '../ui/PageHeader';
import '../ui/data.css';
import { AuditTab } from './AuditTab';
import { RolesTab } from './RolesTab';
import { TeamsTab } from './TeamsTab';
import { TokensTab } from './TokensTab';
import { UsersTab } from './UsersTab';

const TABS = [
  { id: 'users', label: 'Users', type: 'users' },
  { id: 'teams', label: 'Teams', type: 'teams' },
  { id: 'roles', label: 'Roles', type: 'roles' },
  { id: 'tokens', label: 'API tokens', type: 'api_tokens' },
  { id: 'audit', label: 'Audit log', type: 'audit_log' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** /admin?tab=…: users, teams, roles and grants, API tokens, the audit log (tabs the role may read). */
export function AdminPage({ session }: PageProps) {
  const { location, navigate } = useRouter();
  const tabs = TABS.filter((t) => can(session.permissions, t.type, 'read'));
  const asked = new URLSearchParams(location.search).get('tab');
  const current = tabs.find((t) => t.id === asked) ?? tabs[0];
  const refs = useRef(new Map<TabId, HTMLButtonElement>());
  const open = (id: TabId) => navigate(`/admin?tab=${id}`, { replace: true });
  const onKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    open(next.id);
    refs.current.get(next.id)?.focus();
  };
  const p = session.permissions;
  return (
    <>
      <PageHeader
        title="Admin"
        description="Users, teams, roles and their grants, API tokens and the audit log."
      />
      <div className="tabs" role="tablist" aria-label="Admin sections">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            className="tabs__tab"
            aria-selected={t.id === current?.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === current?.id ? 0 : -1}
            onClick={() => open(t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {current ? (
        <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
          {current.id === 'users' ? (
            <UsersTab mayCreate={can(p, 'users', 'create')} mayUpdate={can(p, 'users', 'update')} />
          ) : current.id === 'teams' ? (
            <TeamsTab mayCreate={can(p, 'teams', 'create')} mayUpdate={can(p, 'teams', 'update')} />
          ) : current.id === 'roles' ? (
            <RolesTab mayEdit={can(p, 'roles', 'update')} mayCreate={can(p, 'roles', 'create')} />
          ) : current.id === 'tokens' ? (
            <TokensTab mayCreate={can(p, 'api_tokens', 'create')} />
          ) : (
            <AuditTab />
          )}
        </div>
      ) : (
        <p>Your role may not see the admin sections.</p>
      )}
    </>
  );
}

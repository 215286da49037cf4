import { operatorPgConfig } from './operator-roles';

const env = {
  PGHOST: 'db.internal',
  PGPORT: '6543',
  PGDATABASE: 'nw',
  PGUSER: 'owner',
  PGPASSWORD: 'owner-secret',
};

describe('operatorPgConfig: the least-privileged role an operator command needs', () => {
  it('reads as the analyst role on the PG* host and database, never with the owner password', () => {
    const c = operatorPgConfig(env, 'read');
    expect(c).toMatchObject({ host: 'db.internal', port: 6543, database: 'nw', user: 'newswindow_analyst' });
    expect(c.password).toBeUndefined();
  });

  it('maintains (read models, outbox, factor days) as the worker role', () => {
    const c = operatorPgConfig(env, 'maintain');
    expect(c).toMatchObject({ host: 'db.internal', database: 'nw', user: 'newswindow_worker' });
    expect(c.password).toBeUndefined();
  });

  it('takes each role and its password from its own variables', () => {
    const roles = {
      ...env,
      NEWSWINDOW_ANALYST_PGUSER: 'ro',
      NEWSWINDOW_ANALYST_PGPASSWORD: 'ro-secret',
      NEWSWINDOW_WORKER_PGUSER: 'rw',
      NEWSWINDOW_WORKER_PGPASSWORD: 'rw-secret',
    };
    expect(operatorPgConfig(roles, 'read')).toMatchObject({ user: 'ro', password: 'ro-secret' });
    expect(operatorPgConfig(roles, 'maintain')).toMatchObject({ user: 'rw', password: 'rw-secret' });
  });

  it('only migrations log in as PGUSER', () => {
    expect(operatorPgConfig(env, 'owner')).toMatchObject({ user: 'owner', password: 'owner-secret' });
  });
});

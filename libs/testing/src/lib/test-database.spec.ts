import { withDatabase } from './test-database';

describe('withDatabase', () => {
  it('swaps the database and keeps credentials, host and query', () => {
    expect(withDatabase('postgres://u:p%40ss@db:5432/postgres?sslmode=disable', 'sf_t_abc')).toBe(
      'postgres://u:p%40ss@db:5432/sf_t_abc?sslmode=disable',
    );
  });

  it('adds a database to a URL without one', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5432', 'sf_t_x')).toBe(
      'postgres://postgres@127.0.0.1:5432/sf_t_x',
    );
  });
});

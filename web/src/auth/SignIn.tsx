import { useState } from 'react';
import type { DevUserOption } from '../config/runtime-config.js';
import { devSignIn, sessionFromToken, type Session } from './session.js';

/** Development users (from the server's runtime config) or a pasted JWT. */
export function SignIn(props: {
  devUsers: readonly DevUserOption[];
  onSignedIn(s: Session): void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const run = (work: () => Promise<Session> | Session) => {
    setError('');
    Promise.resolve()
      .then(work)
      .then(props.onSignedIn)
      .catch((e: Error) => setError(e.message));
  };
  return (
    <main className="signin">
      <h1>City operations console</h1>
      {props.devUsers.length > 0 && (
        <section aria-labelledby="dev-users">
          <h2 id="dev-users">Development users</h2>
          <ul className="list">
            {props.devUsers.map((u) => (
              <li key={u.id}>
                <button type="button" onClick={() => run(() => devSignIn(u.id))}>
                  Sign in as {u.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(() => sessionFromToken(token.trim()));
        }}
      >
        <label htmlFor="token">Access token (JWT)</label>
        <input
          id="token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoComplete="off"
        />
        <button type="submit">Sign in with token</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}

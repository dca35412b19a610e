/**
 * GraphiQL, bundled and served by the service itself (GET /graphql with Accept: text/html): queries
 * and mutations over HTTP, subscriptions over graphql-ws, both with the token of the bar above it.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '../shared/base.css';
import './explorer.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/I18nProvider.js';
import { authHeaders, loadToken, saveToken } from '../shared/session.js';
import { TokenBar } from '../shared/TokenBar.js';

const DEFAULT_QUERY = `# The service's own explorer: set a token above (in development, mint one for a role).
# Subscriptions run over graphql-ws on the same address.
query Me {
  me {
    userId
    role
    sellerId
    creatorId
  }
}
`;

/** A query given in the address (`/graphql?query=…`) opens in the editor: links to a query can be shared. */
const linked = new URLSearchParams(location.search).get('query');

const Explorer = () => {
  const intl = useIntl();
  const title = intl.formatMessage({ id: 'explorer.title' });
  useEffect(() => {
    document.title = title;
  }, [title]);
  const [token, setToken] = useState(loadToken);
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: new URL('/graphql', location.href).href,
        subscriptionUrl: new URL('/graphql', location.href).href.replace(/^http/, 'ws'),
        headers: authHeaders(token),
        wsConnectionParams: authHeaders(token),
      }),
    [token],
  );
  return (
    <div className="explorer">
      <TokenBar
        token={token}
        onToken={(next) => {
          saveToken(next);
          setToken(next);
        }}
      />
      <div className="ide">
        <GraphiQL
          key={token}
          fetcher={fetcher}
          defaultQuery={DEFAULT_QUERY}
          {...(linked ? { initialQuery: linked } : {})}
        />
      </div>
    </div>
  );
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Explorer />
    </I18nProvider>
  </StrictMode>,
);

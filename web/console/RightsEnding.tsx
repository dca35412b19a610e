import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { RIGHTS_ENDING } from './queries.js';
import { href } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface RightsRow {
  collaborationId: string;
  creatorId: string;
  title: string;
  scope: string[];
  platforms: string[];
  endsAt: string;
  daysLeft: number;
  content: { platform: string; url: string };
  pendingExtension: { endsAt: string } | null;
}

/**
 * DOMAIN.md § Usage rights: the seller's content whose usage rights end within 30 days, soonest
 * first, so nobody reuses a video after its rights ended (the guide's 未明确内容版权归属).
 */
export const RightsEnding = ({ token }: { token: string }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const loaded = useQuery<{ usageRightsEnding: { totalCount: number; edges: { node: RightsRow }[] } }>(
    RIGHTS_ENDING,
    {},
    token,
  );
  if (loaded.state === 'loading') return <p>{say('ending.loading')}</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { edges, totalCount } = loaded.data.usageRightsEnding;
  return (
    <section data-testid="rights-ending" data-count={totalCount}>
      <h2>{say('ending.title')}</h2>
      {edges.length === 0 ? (
        <p className="hint">{say('ending.none')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{say('list.collaboration')}</th>
              <th>{say('ending.content')}</th>
              <th>{say('ending.scope')}</th>
              <th>{say('ending.ends')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.collaborationId} data-id={node.collaborationId}>
                <td>
                  <a href={href({ page: 'collaboration', id: node.collaborationId })}>
                    {node.collaborationId}
                  </a>{' '}
                  <span data-verbatim>{node.title}</span>
                </td>
                <td>
                  <EnumText type="Platform" value={node.content.platform} />{' '}
                  <a href={node.content.url} rel="noreferrer noopener" target="_blank" data-verbatim>
                    {node.content.url}
                  </a>
                </td>
                <td>
                  {f.list(node.scope.map((s) => f.enumValue('UsageScope', s)))} ·{' '}
                  {f.list(node.platforms.map((p) => f.enumValue('Platform', p)))}
                </td>
                <td>
                  {f.when(node.endsAt)} (
                  <FormattedMessage id="ending.daysLeft" values={{ days: node.daysLeft }} />)
                </td>
                <td>
                  {node.pendingExtension && (
                    <FormattedMessage
                      id="ending.extension"
                      values={{ endsAt: f.when(node.pendingExtension.endsAt) }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

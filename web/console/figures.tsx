import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat, type Format } from '../i18n/format.js';
import { causeKey } from '../i18n/messages/events.js';
import { href } from './route.js';
import { Raw } from './raw.js';

/** One figure of a creator's reputation that an event moved (the change log: projections/creators). */
export interface FigureChange {
  figure: string;
  from: string | null;
  to: string | null;
  delta: number | null;
}

export interface Change {
  position: string;
  at: string;
  eventType: string;
  collaborationId: string;
  changes: FigureChange[];
}

/** Figures are read rounded as people read them: whole scores, percentages, one decimal of a rating. */
const READ: Record<string, (value: number, f: Format) => string> = {
  overall: (v, f) => f.number(v, 1),
  onTimeRate: (v, f) => f.percent(v),
  completionRate: (v, f) => f.percent(v),
  disputeLossRate: (v, f) => f.percent(v),
  engagementRate: (v, f) => f.percent(v, 1),
  conversionRate: (v, f) => f.percent(v, 1),
  creditScore: (v, f) => f.number(v),
  recommendationWeight: (v, f) => f.number(v),
  ratingsCounted: (v, f) => f.number(v),
};

const DIMENSION = /^dimensions\.([A-Z_]+)$/;

/** A figure's value as the change log holds it (a decimal string, a grade), rounded as people read it. */
export const figureValue = (figure: string, value: string | null, f: Format): string => {
  if (value === null) return f.none;
  if (figure === 'grade') return f.enumValue('Grade', value);
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  if (DIMENSION.test(figure)) return f.number(n, 1);
  return (READ[figure] ?? ((v: number) => f.number(v, 2)))(n, f);
};

export const FigureName = ({ figure }: { figure: string }) => {
  const intl = useIntl();
  const f = useFormat();
  const dimension = DIMENSION.exec(figure)?.[1];
  return (
    <>
      {dimension
        ? intl.formatMessage(
            { id: 'figure.dimension' },
            { dimension: f.enumValue('RatingDimension', dimension) },
          )
        : intl.formatMessage({ id: `figure.${figure}` })}
      <Raw>{figure}</Raw>
    </>
  );
};

/** Figures counted in whole points, whose change is shown beside them (+17). */
const POINTS = new Set(['creditScore', 'recommendationWeight', 'ratingsCounted']);

/** "credit score 700 → 717 (+17)". */
const Moved = ({ change }: { change: FigureChange }) => {
  const intl = useIntl();
  const f = useFormat();
  const points = POINTS.has(change.figure) && change.delta !== null && change.from !== null;
  return (
    <>
      <FormattedMessage
        id="reputation.moved"
        values={{
          figure: <FigureName figure={change.figure} />,
          from: figureValue(change.figure, change.from, f),
          to: figureValue(change.figure, change.to, f),
        }}
      />
      {points &&
        ` (${intl.formatNumber(change.delta!, { signDisplay: 'exceptZero', maximumFractionDigits: 0 })})`}
    </>
  );
};

/**
 * One entry of the change log, explained from its own data: the figure that matters most (the credit
 * score when it moved), what moved it, then the other figures it moved.
 */
export const ChangeExplained = ({ change }: { change: Change }) => {
  const main = change.changes.find((c) => c.figure === 'creditScore') ?? change.changes[0];
  const others = change.changes.filter((c) => c !== main);
  const cause = (
    <FormattedMessage
      id={causeKey(change.eventType)}
      values={{
        collaboration: (
          <a href={href({ page: 'collaboration', id: change.collaborationId })} data-verbatim>
            {change.collaborationId}
          </a>
        ),
      }}
    />
  );
  return (
    <div className="change" data-event-type={change.eventType}>
      <p className="change-main">
        {main ? (
          <FormattedMessage id="reputation.change" values={{ moved: <Moved change={main} />, cause }} />
        ) : (
          cause
        )}
        <Raw>{change.eventType}</Raw>
      </p>
      {others.length > 0 && (
        <ul className="change-others">
          {others.map((c) => (
            <li key={c.figure}>
              <Moved change={c} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

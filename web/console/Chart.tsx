import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useSettings } from '../i18n/I18nProvider.js';
import { useFormat } from '../i18n/format.js';

/** Month and weekday names of the language, for the chart's time axis (uPlot's own are English). */
const dateNames = (locale: string): uPlot.DateNames => {
  const names = (options: Intl.DateTimeFormatOptions, dates: Date[]) =>
    dates.map((d) => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(d));
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2024, i, 1)));
  // 2024-01-07 was a Sunday: uPlot counts weekdays from Sunday.
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 7 + i)));
  return {
    MMMM: names({ month: 'long' }, months),
    MMM: names({ month: 'short' }, months),
    WWWW: names({ weekday: 'long' }, days),
    WWW: names({ weekday: 'short' }, days),
  };
};

/** A creator's credit score over time, in the viewer's language and time zone (or UTC). */
export const Chart = ({ data }: { data: [number[], number[]] }) => {
  const intl = useIntl();
  const f = useFormat();
  const { utc } = useSettings();
  const element = useRef<HTMLDivElement>(null);
  const label = intl.formatMessage({ id: 'creator.chart.series' });
  const axis = intl.formatMessage({ id: 'creator.chart.axis' });
  const time = intl.formatMessage({ id: 'creator.chart.time' });
  useEffect(() => {
    if (!element.current || data[0].length === 0) return;
    const names = dateNames(intl.locale);
    const plot = new uPlot(
      {
        width: Math.min(900, element.current.clientWidth || 900),
        height: 260,
        fmtDate: (template) => uPlot.fmtDate(template, names),
        ...(utc ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
        series: [
          {
            label: time,
            value: (_, ts: number | null) => (ts === null ? '' : f.when(new Date(ts * 1000).toISOString())),
          },
          {
            label,
            stroke: '#2357d9',
            width: 2,
            points: { show: true },
            value: (_, v: number | null) => (v === null ? '' : f.number(v)),
          },
        ],
        axes: [{}, { label: axis }],
      },
      data,
      element.current,
    );
    return () => plot.destroy();
  }, [data, intl, f, utc, label, axis, time]);
  if (data[0].length === 0) {
    return <p className="hint">{intl.formatMessage({ id: 'creator.chart.empty' })}</p>;
  }
  return <div className="chart" data-testid="chart" data-points={data[0].length} ref={element} />;
};

import { createContext, useContext, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';

/**
 * Code names on demand: the console speaks people's words; an auditor who needs the log's own names
 * (event types, field paths, enum codes) turns them on here, and sees them beside the words.
 * Remembered in this browser.
 */
const KEY = 'creator-ledger.codeNames';

const RawContext = createContext<{ readonly raw: boolean; readonly setRaw: (raw: boolean) => void }>({
  raw: false,
  setRaw: () => undefined,
});

const initial = (): boolean => {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
};

export const RawProvider = ({ children }: { children: ReactNode }) => {
  const [raw, setRawState] = useState(initial);
  const setRaw = (next: boolean) => {
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // The choice lasts for the page.
    }
    setRawState(next);
  };
  return <RawContext.Provider value={{ raw, setRaw }}>{children}</RawContext.Provider>;
};

export const RawToggle = () => {
  const intl = useIntl();
  const { raw, setRaw } = useContext(RawContext);
  return (
    <label className="raw-toggle">
      <input type="checkbox" name="codeNames" checked={raw} onChange={(e) => setRaw(e.target.checked)} />{' '}
      {intl.formatMessage({ id: 'settings.codeNames' })}
    </label>
  );
};

/** The log's own name for what is shown beside it, when code names are on. */
export const Raw = ({ children }: { children: ReactNode }) =>
  useContext(RawContext).raw ? (
    <code className="raw" data-raw>
      {children}
    </code>
  ) : null;

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { preloadPage } from '../app/page-loaders';
import { useRouter } from '../app/router';
import { paths } from '../app/routes';
import { errorMessage } from '../lib/api';
import { prefetchCustomer } from '../customers/customer-api';
import { usePhoneFormatter } from '../customers/usePhoneFormatter';
import { describeMatch, isSearchShortcut, moveActive, searchableQuery } from './keys';
import { type SearchResult, searchCustomers } from './search-api';
import { useDebouncedValue } from './useDebouncedValue';

const DEBOUNCE_MS = 150;

/**
 * The one search box of the frame (an ARIA combobox): "/" or Ctrl/Cmd+K focuses it; results come
 * as you type (debounced; the query cache aborts the request of a superseded query, so typing never
 * waits); arrow keys move, Enter opens, Escape closes.
 */
export function SearchBox() {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const formatPhone = usePhoneFormatter();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = searchableQuery(useDebouncedValue(text, DEBOUNCE_MS));

  const search = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => searchCustomers(q ?? '', signal),
    enabled: q !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const results = q !== null ? (search.data ?? []) : [];
  const typedAhead = searchableQuery(text) !== q;

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const { key, ctrlKey, metaKey, altKey } = event;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (!isSearchShortcut({ key, ctrlKey, metaKey, altKey, target })) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A new result list starts with the best match highlighted, so Enter opens it.
  const resultCount = results.length;
  useEffect(() => {
    void search.data;
    setActive(resultCount > 0 ? 0 : -1);
  }, [search.data, resultCount]);
  // The page a result opens is downloaded while the agent reads the list.
  const hasResults = resultCount > 0;
  useEffect(() => {
    if (hasResults) preloadPage('customer');
  }, [hasResults]);

  const openResult = (result: SearchResult) => {
    // The customer's data is on its way before the page renders.
    if (result.type !== 'account') prefetchCustomer(queryClient, result.id);
    setOpen(false);
    setText('');
    inputRef.current?.blur();
    navigate(result.type === 'account' ? paths.account(result.id) : paths.customer(result.id));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((current) => moveActive(current, event.key === 'ArrowDown' ? 1 : -1, results.length));
    } else if (event.key === 'Enter') {
      const chosen = results[active];
      if (chosen && open) {
        event.preventDefault();
        openResult(chosen);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else {
        setText('');
      }
    }
  };

  const showList = open && q !== null;
  const optionId = (index: number) => `${listId}-option-${index}`;
  const status = search.isError
    ? `Search failed: ${errorMessage(search.error)}`
    : q !== null && !search.isFetching && !typedAhead && results.length === 0
      ? 'No customer matches'
      : null;

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <search> element is not yet known to every screen reader
    <div className="search" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        Search customers
      </label>
      <input
        ref={inputRef}
        id={`${listId}-input`}
        className="search__input"
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
        aria-describedby={`${listId}-hint`}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search name, email, phone, id…"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <span className="search__kbd" aria-hidden="true">
        /
      </span>
      <span id={`${listId}-hint`} className="visually-hidden">
        Shortcut: slash or Control K. Arrow keys choose a result, Enter opens it.
      </span>
      {showList ? (
        <div className="search__popup">
          <div id={listId} role="listbox" aria-label="Search results" className="search__results">
            {results.map((result, index) => (
              <div
                key={`${result.type}:${result.id}`}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                className="search__option"
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(event) => {
                  event.preventDefault();
                  openResult(result);
                }}
                onMouseMove={() => setActive(index)}
              >
                <span className="search__name">{result.name}</span>
                <span className="search__meta">
                  {result.type === 'account' ? 'Account · ' : ''}
                  {describeMatch(result.matched, formatPhone)}
                </span>
              </div>
            ))}
          </div>
          <p className="search__status" role="status">
            {status ??
              (search.isFetching
                ? 'Searching…'
                : `${results.length} result${results.length === 1 ? '' : 's'}`)}
          </p>
        </div>
      ) : null}
    </div>
  );
}

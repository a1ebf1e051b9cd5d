import type { RefObject } from "preact";
import { useRef, useState } from "preact/hooks";

import { api, CommandFailure } from "../api";
import type { ProductHit } from "../bindings/ProductHit";
import { formatMoney } from "../money";

interface ProductSearchProps {
  inputRef: RefObject<HTMLInputElement | null>;
  onPick: (hit: ProductHit) => void;
  /** Called on Escape, to send the focus back to the scan box. */
  onLeave: () => void;
}

/**
 * Name search: type part of a name or SKU, move with the arrow keys, Enter
 * adds the highlighted product, Escape goes back to the scan box.
 */
export function ProductSearch({ inputRef, onPick, onLeave }: ProductSearchProps) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<ProductHit[]>([]);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  // Only the newest query's results are shown, whatever order the responses arrive in.
  const latest = useRef(0);

  const search = async (text: string) => {
    setQuery(text);
    const ticket = ++latest.current;
    if (text.trim().length < 2) {
      setHits([]);
      setMessage(null);
      return;
    }
    try {
      const found = await api.searchProducts(text);
      if (ticket !== latest.current) {
        return;
      }
      setHits(found);
      setSelected(0);
      setMessage(found.length === 0 ? `Nothing matches "${text.trim()}".` : null);
    } catch (failure) {
      if (ticket === latest.current) {
        setHits([]);
        setMessage(failure instanceof CommandFailure ? failure.message : "The search failed. Try again.");
      }
    }
  };

  const pick = (hit: ProductHit | undefined) => {
    if (!hit) {
      return;
    }
    onPick(hit);
    setQuery("");
    setHits([]);
    onLeave();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setSelected((index) => Math.min(index + 1, Math.max(hits.length - 1, 0)));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setSelected((index) => Math.max(index - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(hits[selected]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setQuery("");
      setHits([]);
      onLeave();
    }
  };

  return (
    <div class="search">
      <label>
        Search by name (F2)
        <input
          ref={inputRef}
          value={query}
          autoComplete="off"
          spellcheck={false}
          data-testid="search-input"
          onInput={(event) => search(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      </label>
      {message && (
        <p class="hint" data-testid="search-message">
          {message}
        </p>
      )}
      {hits.length > 0 && (
        <ul class="search-results" role="listbox" data-testid="search-results">
          {hits.map((hit, index) => (
            <li
              key={hit.product_id}
              role="option"
              aria-selected={index === selected}
              class={index === selected ? "selected" : ""}
              data-testid={`search-result-${index}`}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(hit);
              }}
            >
              <span class="name">{hit.name}</span>
              <span class="sku">{hit.sku}</span>
              <span class="price">{hit.price === null ? "not for sale" : formatMoney(hit.price)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

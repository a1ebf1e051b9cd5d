import { useState } from "preact/hooks";

import type { CustomerView } from "../../bindings/CustomerView";
import { ErrorLine } from "../../components/ErrorLine";
import { useAction } from "../../components/useAction";
import { newClientId, rentalsApi } from "../../rentals-api";

interface CustomerPanelProps {
  selected: CustomerView | null;
  onSelect: (customer: CustomerView) => void;
}

interface Form {
  clientId: string;
  id: number | null;
  version: number | null;
  fullName: string;
  address: string;
  phone: string;
  email: string;
  idDocument: string;
}

function blankForm(): Form {
  return {
    clientId: newClientId(),
    id: null,
    version: null,
    fullName: "",
    address: "",
    phone: "",
    email: "",
    idDocument: "",
  };
}

function formOf(customer: CustomerView): Form {
  return {
    clientId: newClientId(),
    id: customer.id,
    version: customer.version,
    fullName: customer.full_name,
    address: customer.address.join("\n"),
    phone: customer.phone,
    email: customer.email,
    idDocument: customer.id_document,
  };
}

/**
 * Finds, adds and edits customers. Names are shown exactly as stored, in any
 * script. Enter in the search box searches; picking a row selects the
 * customer for a new contract and opens the form to edit them.
 */
export function CustomerPanel({ selected, onSelect }: CustomerPanelProps) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<CustomerView[]>([]);
  const [form, setForm] = useState<Form>(blankForm());
  const search = useAction();
  const save = useAction();

  const runSearch = async () => {
    const result = await search.run(() => rentalsApi.searchCustomers(query));
    if (result) {
      setFound(result);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const saved = await save.run(() =>
      rentalsApi.saveCustomer({
        client_id: form.clientId,
        id: form.id,
        version: form.version,
        full_name: form.fullName,
        address: form.address.split("\n"),
        phone: form.phone,
        email: form.email,
        id_document: form.idDocument,
      }),
    );
    if (saved) {
      setForm(formOf(saved));
      onSelect(saved);
    }
  };

  const field = (key: keyof Form, label: string, testId: string) => (
    <label>
      {label}
      <input
        value={String(form[key] ?? "")}
        data-testid={testId}
        onInput={(event) => setForm({ ...form, [key]: event.currentTarget.value })}
      />
    </label>
  );

  return (
    <section class="rental-customers">
      <h2>Customers</h2>
      <input
        placeholder="Name, phone, email or ID, then Enter"
        value={query}
        autoFocus
        data-testid="customer-search"
        onInput={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            runSearch();
          }
        }}
      />
      <ErrorLine message={search.error} testId="customer-search-error" />
      <ul class="results">
        {found.map((customer) => (
          <li key={customer.id}>
            <button
              type="button"
              class={selected?.id === customer.id ? "selected" : ""}
              data-testid={`customer-${customer.id}`}
              onClick={() => {
                onSelect(customer);
                setForm(formOf(customer));
              }}
            >
              {customer.full_name} · {customer.phone}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <h3 data-testid="customer-form-title">{form.id === null ? "New customer" : `Customer ${form.id}`}</h3>
        {field("fullName", "Full name", "customer-name")}
        <label>
          Address (one line each)
          <textarea
            value={form.address}
            data-testid="customer-address"
            onInput={(event) => setForm({ ...form, address: event.currentTarget.value })}
          />
        </label>
        {field("phone", "Phone", "customer-phone")}
        {field("email", "Email", "customer-email")}
        {field("idDocument", "ID document", "customer-id-document")}
        <button type="submit" disabled={save.busy} data-testid="customer-save">
          Save customer
        </button>
        <button type="button" class="ghost" onClick={() => setForm(blankForm())}>
          New customer
        </button>
        <ErrorLine message={save.error} testId="customer-save-error" />
      </form>
    </section>
  );
}

import { useState } from "preact/hooks";

import type { ManagerApproval } from "../../bindings/ManagerApproval";
import type { UnitCondition } from "../../bindings/UnitCondition";
import type { UnitView } from "../../bindings/UnitView";
import { ErrorLine } from "../../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../../components/ManagerFields";
import { useAction } from "../../components/useAction";
import { formatMoney } from "../../money";
import { newClientId, rentalsApi } from "../../rentals-api";

interface UnitFields {
  serial_number: string;
  description: string;
  product: string;
  cost: string;
}

const EMPTY: UnitFields = { serial_number: "", description: "", product: "", cost: "" };

/**
 * Receiving serialized units into rental stock: scan the serial number,
 * describe the unit and its cost, and a manager approves. Each received
 * unit is listed until the screen closes.
 */
export function UnitReceiving() {
  const [fields, setFields] = useState<UnitFields>(EMPTY);
  const [condition, setCondition] = useState<UnitCondition>("new");
  const [manager, setManager] = useState<ManagerApproval>(NO_MANAGER);
  const [clientId, setClientId] = useState(newClientId);
  const [received, setReceived] = useState<UnitView[]>([]);
  const action = useAction();

  const input = (key: keyof UnitFields, label: string) => (
    <label>
      {label}
      <input
        value={fields[key]}
        data-testid={`unit-${key}`}
        onInput={(event) => setFields({ ...fields, [key]: event.currentTarget.value })}
      />
    </label>
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    const unit = await action.run(() =>
      rentalsApi.receiveUnit({ ...fields, client_id: clientId, condition, manager }),
    );
    if (unit) {
      setReceived([unit, ...received]);
      setFields(EMPTY);
      setClientId(newClientId());
    }
  };

  return (
    <form class="unit-receiving" onSubmit={submit}>
      <h2>Receive units into rental stock</h2>
      <fieldset>
        {input("serial_number", "Serial number (scan)")}
        {input("description", "Description")}
        {input("product", "Catalog barcode or SKU (optional)")}
        <label>
          Condition
          <select
            value={condition}
            data-testid="unit-condition"
            onChange={(event) => setCondition(event.currentTarget.value as UnitCondition)}
          >
            <option value="new">New</option>
            <option value="used">Used</option>
          </select>
        </label>
        {input("cost", "Cost to the store")}
        <ManagerFields value={manager} onChange={setManager} />
        <button type="submit" disabled={action.busy} data-testid="unit-submit">
          Receive unit
        </button>
        <ErrorLine message={action.error} testId="unit-error" />
      </fieldset>
      <ul data-testid="received-units">
        {received.map((unit) => (
          <li key={unit.serial_number} data-testid={`received-${unit.serial_number}`}>
            {unit.serial_number} {unit.description} ({unit.condition}, {formatMoney(unit.cost)}): {unit.status}
          </li>
        ))}
      </ul>
    </form>
  );
}

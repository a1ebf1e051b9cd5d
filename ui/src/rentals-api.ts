import { call } from "./api";
import type { ContractChargeOffInput } from "./bindings/ContractChargeOffInput";
import type { ContractDetail } from "./bindings/ContractDetail";
import type { ContractInput } from "./bindings/ContractInput";
import type { ContractPaymentInput } from "./bindings/ContractPaymentInput";
import type { ContractPaymentView } from "./bindings/ContractPaymentView";
import type { ContractReturnInput } from "./bindings/ContractReturnInput";
import type { CustomerInput } from "./bindings/CustomerInput";
import type { CustomerView } from "./bindings/CustomerView";
import type { Disclosures } from "./bindings/Disclosures";
import type { ManagerApproval } from "./bindings/ManagerApproval";
import type { RentOutInput } from "./bindings/RentOutInput";
import type { ShortTermReturnInput } from "./bindings/ShortTermReturnInput";
import type { ShortTermReturnView } from "./bindings/ShortTermReturnView";
import type { ShortTermView } from "./bindings/ShortTermView";
import type { UnitInput } from "./bindings/UnitInput";
import type { UnitView } from "./bindings/UnitView";

/** The rent-to-own commands, one function each, named as in Rust. */
export const rentalsApi = {
  searchCustomers: (query: string) => call<CustomerView[]>("search_customers", { query }),
  saveCustomer: (customer: CustomerInput) => call<CustomerView>("save_customer", { customer }),
  previewContract: (contract: ContractInput) => call<Disclosures>("preview_contract", { contract }),
  createContract: (contract: ContractInput, clientId: string, manager: ManagerApproval) =>
    call<ContractDetail>("create_contract", { contract, client_id: clientId, manager }),
  getContract: (contractNumber: string) => call<ContractDetail>("get_contract", { contract_number: contractNumber }),
  takePayment: (payment: ContractPaymentInput) => call<ContractPaymentView>("take_contract_payment", { payment }),
  buyOut: (payment: ContractPaymentInput) => call<ContractPaymentView>("buy_out_contract", { payment }),
  returnContract: (request: ContractReturnInput) => call<ContractDetail>("return_contract", { request }),
  printAgreement: (contractNumber: string) => call<string>("print_agreement", { contract_number: contractNumber }),
  chargeOff: (request: ContractChargeOffInput) => call<ContractDetail>("charge_off_contract", { request }),
  reinstate: (contractNumber: string, manager: ManagerApproval) =>
    call<ContractDetail>("reinstate_contract", { contract_number: contractNumber, manager }),
  receiveUnit: (unit: UnitInput) => call<UnitView>("receive_unit", { unit }),
  rentOut: (rental: RentOutInput) => call<ShortTermView>("rent_out", { rental }),
  getShortTermRental: (rentalNumber: string) =>
    call<ShortTermView>("get_short_term_rental", { rental_number: rentalNumber }),
  returnShortTerm: (request: ShortTermReturnInput) => call<ShortTermReturnView>("return_short_term", { request }),
};

/** Makes the id that keeps a repeated submit of one form from writing twice. */
export function newClientId(): string {
  return crypto.randomUUID();
}

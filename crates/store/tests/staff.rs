//! Staff: PIN rules, sign-in, manager approval and deactivation.

use giggatek_store::{ErrorKind, Role, Store};

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

#[test]
fn sign_in_with_right_pin() {
    let mut store = store();
    let added = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    let signed_in = store.sign_in("101", "1234").unwrap();
    assert_eq!(signed_in, added);
    assert_eq!(signed_in.role, Role::Clerk);
}

#[test]
fn sign_in_failures_look_alike() {
    let mut store = store();
    store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    let wrong_pin = store.sign_in("101", "4321").unwrap_err();
    let unknown = store.sign_in("999", "1234").unwrap_err();
    assert_eq!(wrong_pin.kind(), ErrorKind::SignInFailed);
    assert_eq!(unknown.kind(), ErrorKind::SignInFailed);
    assert_eq!(wrong_pin.to_string(), unknown.to_string());
}

#[test]
fn inactive_staff_cannot_sign_in() {
    let mut store = store();
    store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    let manager = store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
    store.deactivate_staff(&manager, "101").unwrap();
    let error = store.sign_in("101", "1234").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::SignInFailed);
    assert_eq!(store.list_staff().unwrap(), vec![manager]);
}

#[test]
fn approve_rejects_clerk() {
    let mut store = store();
    store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    let error = store.approve("101", "1234").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(
        error.to_string(),
        "a manager must approve this: Ana Clerk is a clerk: ask a manager to enter their code and PIN"
    );
}

#[test]
fn approve_with_wrong_pin_fails() {
    let mut store = store();
    store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
    let error = store.approve("900", "0000").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::SignInFailed);
}

#[test]
fn approve_accepts_manager() {
    let mut store = store();
    let manager = store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
    assert_eq!(store.approve("900", "9876").unwrap(), manager);
}

#[test]
fn pin_rules_are_enforced() {
    let mut store = store();
    for pin in ["123", "123456789", "12a4", "", "12 34"] {
        let error = store.add_staff("101", "Ana Clerk", Role::Clerk, pin).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Invalid, "PIN {pin:?}");
        assert_eq!(error.to_string(), "the PIN is invalid: use 4 to 8 digits");
    }
    assert!(store.add_staff("101", "Ana Clerk", Role::Clerk, "12345678").is_ok());
}

#[test]
fn duplicate_code_conflicts() {
    let mut store = store();
    store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    let error = store.add_staff("101", "Bo Clerk", Role::Clerk, "5678").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
}

#[test]
fn pin_is_stored_as_argon2id() {
    let mut store = store();
    store.add_staff("101", "Ana Clerk", Role::Clerk, "13579").unwrap();
    let hash: String = store
        .connection()
        .query_row("SELECT pin_hash FROM staff WHERE code = '101'", [], |r| r.get(0))
        .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains("13579"));
    let audit = store.audit_entries(10).unwrap();
    assert_eq!(audit[0].action, "staff_added");
    assert!(!audit[0].detail.to_string().contains("13579"));
}

#[test]
fn list_staff_orders_by_code() {
    let mut store = store();
    let manager = store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
    let clerk = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
    assert_eq!(store.list_staff().unwrap(), vec![clerk, manager]);
}

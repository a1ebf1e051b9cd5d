//! One module per area; `run` opens the store and dispatches.

mod audit;
mod catalog;
mod contract;
mod customer;
mod receipt;
mod rental;
mod returns;
mod sale;
mod setup;
mod shift;
mod staff;
mod sync;

use std::path::Path;

use giggatek_store::{Staff, Store};

use crate::args::{Approval, Cli, Command, SignIn};
use crate::error::{CliError, Failure};

/// The open store and the output mode, shared by every command.
pub struct Context {
    pub store: Store,
    pub json: bool,
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let Some(path) = cli.store.as_deref() else {
        return Err(CliError::new(
            Failure::Usage,
            "the store file is missing: pass --store FILE or set GIGGATEK_STORE",
        ));
    };
    let creates_store = matches!(cli.command, Command::Init(_) | Command::Demo { .. });
    if creates_store && !path.exists() {
        // A store file that `init` or `demo` created but could not finish
        // setting up is removed, so no half-set-up store is left behind.
        let result = set_up_new_store(path, cli.json, cli.command);
        if result.is_err() {
            remove_store_files(path);
        }
        return result;
    }
    let mut context = Context {
        store: open_store(path, creates_store)?,
        json: cli.json,
    };
    match cli.command {
        Command::Init(args) => setup::init(&mut context, path, &args),
        Command::Demo { catalog } => setup::demo(&mut context, path, &catalog),
        Command::Staff(command) => staff::run(&mut context, command),
        Command::ImportCatalog { dir } => catalog::import(&mut context, &dir),
        Command::Product(command) => catalog::product(&context, command),
        Command::Stock(command) => catalog::stock(&mut context, command),
        Command::Shift(command) => shift::run(&mut context, command),
        Command::Report { shift } => shift::report(&context, shift),
        Command::Sale(args) => sale::sale(&mut context, &args),
        Command::Void(args) => sale::void(&mut context, &args),
        Command::Receipt(args) => receipt::run(&context, &args),
        Command::Return(args) => returns::run(&mut context, &args),
        Command::Customer(command) => customer::run(&mut context, command),
        Command::Unit(command) => customer::unit(&mut context, command),
        Command::Contract(command) => contract::run(&mut context, command),
        Command::Rental(command) => rental::run(&mut context, command),
        Command::Audit { limit } => audit::run(&context, limit),
        Command::Enrol { server, code } => sync::enrol(&context, path, &server, &code),
        Command::Sync(args) => sync::sync(&mut context, path, &args),
        Command::SyncStatus => sync::status(&context),
    }
}

fn set_up_new_store(path: &Path, json: bool, command: Command) -> Result<(), CliError> {
    let mut context = Context {
        store: open_store(path, true)?,
        json,
    };
    match command {
        Command::Init(args) => setup::init(&mut context, path, &args),
        Command::Demo { catalog } => setup::demo(&mut context, path, &catalog),
        _ => Err(CliError::new(Failure::Internal, "only init and demo create a store")),
    }
}

/// Removes a store file with SQLite's `-wal` and `-shm` files beside it.
fn remove_store_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if let Err(error) = std::fs::remove_file(&name)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(file = %Path::new(&name).display(), %error, "could not remove a store file that failed to set up");
        }
    }
}

/// Opens the store file. Only `init` and `demo` may create it, so a typo in
/// the path of any other command does not leave an empty store behind.
fn open_store(path: &Path, may_create: bool) -> Result<Store, CliError> {
    if !may_create && !path.exists() {
        return Err(CliError::new(
            Failure::NotFound,
            format!(
                "the store file {} does not exist: check the path, or create it with `giggatek init` or `giggatek demo`",
                path.display()
            ),
        ));
    }
    Ok(Store::open(path)?)
}

/// Signs in the staff member doing the action.
pub fn sign_in(store: &Store, staff: &SignIn) -> Result<Staff, CliError> {
    Ok(store.sign_in(&staff.code, &staff.pin)?)
}

/// Checks the approving manager, when `--manager` was given.
pub fn approver(store: &Store, approval: &Approval) -> Result<Option<Staff>, CliError> {
    match (&approval.code, &approval.pin) {
        // A manager PIN in the environment without --manager approves nothing.
        (None, _) => Ok(None),
        (Some(code), Some(pin)) => Ok(Some(store.approve(code, pin)?)),
        (Some(_), None) => Err(CliError::new(
            Failure::Usage,
            "the manager's PIN is missing: pass --manager-pin or set GIGGATEK_MANAGER_PIN",
        )),
    }
}

/// Checks the approving manager, who must be given.
pub fn manager(store: &Store, approval: &Approval) -> Result<Staff, CliError> {
    approver(store, approval)?.ok_or_else(|| {
        CliError::new(
            Failure::ManagerRequired,
            "a manager must approve this: pass --manager CODE and set GIGGATEK_MANAGER_PIN",
        )
    })
}

//! `staff add|list`.

use giggatek_store::{Role, Staff};

use super::{Context, approver};
use crate::args::{RoleArg, StaffCommand};
use crate::error::CliError;
use crate::output::emit;

pub fn run(context: &mut Context, command: StaffCommand) -> Result<(), CliError> {
    match command {
        StaffCommand::Add {
            code,
            name,
            role,
            pin,
            approval,
        } => {
            let role = match role {
                RoleArg::Clerk => Role::Clerk,
                RoleArg::Manager => Role::Manager,
            };
            let manager = approver(&context.store, &approval)?;
            let staff = context
                .store
                .add_staff_approved(manager.as_ref(), &code, &name, role, &pin)?;
            emit(context.json, &staff, |s| {
                format!("Added {} {} ({}).", s.role.as_str(), s.code, s.name)
            })
        }
        StaffCommand::List => {
            let staff = context.store.list_staff()?;
            emit(context.json, &staff, |staff| {
                staff.iter().map(staff_line).collect::<Vec<_>>().join("\n")
            })
        }
    }
}

fn staff_line(staff: &Staff) -> String {
    format!("{:<8} {:<8} {}", staff.code, staff.role.as_str(), staff.name)
}

//! Applying uploaded short-term rentals and their returns to the
//! `short_term_rentals` table, inside the batch's transaction.
//!
//! The batch applies a record only when its `sync_records` row is new, so
//! each rental and each return is applied once. A return repeats its
//! rental, so whichever of the two is stored first inserts the row.

use giggatek_protocol::CustomerPayload;

use super::rentals::RentalContext;
use crate::sync::short_term::{CheckedShortTermRental, CheckedShortTermReturn};

/// Writes short-term rentals on one open connection, for both backends.
pub(crate) trait ShortTermWriter {
    /// Inserts the rental under `client_id` unless it is already stored.
    async fn insert_short_term_rental(
        &mut self,
        context: &RentalContext<'_>,
        client_id: &str,
        rental: &CheckedShortTermRental,
    ) -> Result<(), sqlx::Error>;

    /// Stores a return on its rental, inserting the rental first when its
    /// own record has not arrived.
    async fn apply_short_term_return(
        &mut self,
        context: &RentalContext<'_>,
        taken_back: &CheckedShortTermReturn,
    ) -> Result<(), sqlx::Error>;

    /// Links the customer's rentals to the stored customer and copies the
    /// customer's email onto them.
    async fn link_customer(&mut self, customer_id: i64, customer: &CustomerPayload) -> Result<(), sqlx::Error>;
}

macro_rules! impl_short_term_writer {
    ($connection:ty) => {
        impl ShortTermWriter for $connection {
            async fn insert_short_term_rental(
                &mut self,
                context: &RentalContext<'_>,
                client_id: &str,
                rental: &CheckedShortTermRental,
            ) -> Result<(), sqlx::Error> {
                let payload = &rental.payload;
                let unit: Option<(String, String)> =
                    sqlx::query_as("SELECT serial_number, description FROM rental_units WHERE client_id = $1")
                        .bind(&payload.unit_client_id)
                        .fetch_optional(&mut *self)
                        .await?;
                let (unit_serial, unit_description) = unit.unwrap_or_default();
                let serial = payload.serial_number.clone().unwrap_or(unit_serial);
                let description = payload.description.clone().unwrap_or(unit_description);
                let customer: Option<(i64, String)> =
                    sqlx::query_as("SELECT id, email FROM store_customers WHERE client_id = $1")
                        .bind(&payload.customer_client_id)
                        .fetch_optional(&mut *self)
                        .await?;
                let (customer_id, email) = match customer {
                    Some((id, email)) => (Some(id), email),
                    None => (None, String::new()),
                };
                sqlx::query(
                    "INSERT INTO short_term_rentals (client_id, rental_number, store_code, terminal_code,
                         customer_client_id, store_customer_id, customer_email, unit_client_id, serial_number,
                         item_description, rented_at, due_date, late_fee_per_day_cents, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
                     ON CONFLICT (client_id) DO NOTHING",
                )
                .bind(client_id)
                .bind(&payload.rental_number)
                .bind(&context.terminal.store_code)
                .bind(&context.terminal.terminal_code)
                .bind(&payload.customer_client_id)
                .bind(customer_id)
                .bind(&email)
                .bind(&payload.unit_client_id)
                .bind(&serial)
                .bind(&description)
                .bind(rental.rented_at)
                .bind(rental.due_date)
                .bind(payload.late_fee_per_day_cents)
                .bind(context.now)
                .execute(&mut *self)
                .await?;
                Ok(())
            }

            async fn apply_short_term_return(
                &mut self,
                context: &RentalContext<'_>,
                taken_back: &CheckedShortTermReturn,
            ) -> Result<(), sqlx::Error> {
                let payload = &taken_back.payload;
                self.insert_short_term_rental(context, &payload.rental_client_id, &taken_back.rental)
                    .await?;
                let stored = sqlx::query(
                    "UPDATE short_term_rentals SET return_client_id = $1, return_receipt_number = $2,
                         returned_at = $3, return_date = $4, days_late = $5, late_fee_cents = $6,
                         return_condition = $7, updated_at = $8
                     WHERE client_id = $9 AND return_client_id IS NULL",
                )
                .bind(context.record_client_id)
                .bind(&payload.receipt_number)
                .bind(taken_back.returned_at)
                .bind(taken_back.returned_on)
                .bind(payload.days_late)
                .bind(payload.late_fee_cents)
                .bind(&payload.condition)
                .bind(context.now)
                .bind(&payload.rental_client_id)
                .execute(&mut *self)
                .await?;
                if stored.rows_affected() == 0 {
                    // A terminal returns a rental once, so only a second
                    // return under another client id gets here.
                    tracing::warn!(
                        rental_client_id = %payload.rental_client_id,
                        return_client_id = %context.record_client_id,
                        "short-term return ignored: the rental already has a return"
                    );
                }
                Ok(())
            }

            async fn link_customer(&mut self, customer_id: i64, customer: &CustomerPayload) -> Result<(), sqlx::Error> {
                sqlx::query(
                    "UPDATE short_term_rentals SET store_customer_id = $1, customer_email = $2
                     WHERE customer_client_id = $3",
                )
                .bind(customer_id)
                .bind(&customer.email)
                .bind(&customer.client_id)
                .execute(&mut *self)
                .await?;
                Ok(())
            }
        }
    };
}

impl_short_term_writer!(sqlx::SqliteConnection);
impl_short_term_writer!(sqlx::PgConnection);

// `fiscalMachineCommands/getAll` takes command ids or devices and states, never both: once a
// parameter set is chosen the builder has no `parameter_set`, so a second one does not compile.
use mews_connector::commands::CommandState;
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::fiscal_machine_commands::{
    GetAllFiscalMachineCommandsByDevicesAndStates, GetAllFiscalMachineCommandsByIds,
    GetAllFiscalMachineCommandsRequest,
};
use uuid::Uuid;

fn main() {
    let interval = TimeInterval::builder()
        .start_utc("2025-01-10T00:00:00Z".parse().unwrap())
        .end_utc("2025-01-17T00:00:00Z".parse().unwrap())
        .build();
    let _ = GetAllFiscalMachineCommandsRequest::builder()
        .limitation(Limitation::builder().count(10).build())
        .parameter_set(GetAllFiscalMachineCommandsByIds::builder().command_ids([Uuid::nil()]).build())
        .parameter_set(
            GetAllFiscalMachineCommandsByDevicesAndStates::builder()
                .device_ids([Uuid::nil()])
                .states([CommandState::Pending])
                .updated_utc(interval)
                .build(),
        );
}

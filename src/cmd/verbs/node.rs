//! `node power-off|power-on|disconnect|reconnect NAME` (playground): machine and network faults.

use super::*;

pub(super) const POWER_OFF: Verb = Verb {
    name: "node power-off",
    aliases: &["node poweroff"],
    kubectl: false,
    usage: "node power-off NODE",
    summary: "Cut a node's power: its kubelet and containers stop",
    flags: &[],
    examples: &["node power-off node-2"],
    parse: parse_node_power_off,
};

pub(super) const POWER_ON: Verb = Verb {
    name: "node power-on",
    aliases: &["node poweron"],
    kubectl: false,
    usage: "node power-on NODE",
    summary: "Boot a powered-off node",
    flags: &[],
    examples: &["node power-on node-2"],
    parse: parse_node_power_on,
};

pub(super) const DISCONNECT: Verb = Verb {
    name: "node disconnect",
    aliases: &[],
    kubectl: false,
    usage: "node disconnect NODE",
    summary: "Cut a node off the control plane; its containers keep running",
    flags: &[],
    examples: &["node disconnect node-3"],
    parse: parse_node_disconnect,
};

pub(super) const RECONNECT: Verb = Verb {
    name: "node reconnect",
    aliases: &[],
    kubectl: false,
    usage: "node reconnect NODE",
    summary: "Restore a disconnected node's network",
    flags: &[],
    examples: &["node reconnect node-3"],
    parse: parse_node_reconnect,
};

fn parse_node(args: &Args, action: NodeAction) -> Result<Command, ParseError> {
    Ok(Command::Node { action, name: playground_name(args, "node name")? })
}

fn parse_node_power_off(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::PowerOff)
}

fn parse_node_power_on(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::PowerOn)
}

fn parse_node_disconnect(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::Disconnect)
}

fn parse_node_reconnect(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::Reconnect)
}

pub(crate) fn node(cluster: &mut Cluster, action: NodeAction, name: &str) -> Result<String, String> {
    let outcome = match action {
        NodeAction::PowerOff => cluster.power_off(name),
        NodeAction::PowerOn => cluster.power_on(name),
        NodeAction::Disconnect => cluster.disconnect(name),
        NodeAction::Reconnect => cluster.reconnect(name),
    }
    .map_err(api)?;
    Ok(match outcome {
        NodeOutcome::PoweredOff => format!("node/{name} powered off"),
        NodeOutcome::AlreadyOff => format!("node/{name} is already powered off"),
        NodeOutcome::PoweringOn { boot } => format!("node/{name} powering on (kubelet up in {}s)", boot.whole_secs()),
        NodeOutcome::AlreadyOn => format!("node/{name} is already powered on"),
        NodeOutcome::Disconnected => {
            format!("node/{name} disconnected from the control plane (its containers keep running)")
        }
        NodeOutcome::Reconnected => format!("node/{name} reconnected"),
        NodeOutcome::AlreadyConnected => format!("node/{name} is already connected"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn node_actions() {
        check("node power-off node-2", Command::Node { action: NodeAction::PowerOff, name: "node-2".into() });
        check("node poweron node-2", Command::Node { action: NodeAction::PowerOn, name: "node-2".into() });
        check("node disconnect node-3", Command::Node { action: NodeAction::Disconnect, name: "node-3".into() });
        check("node reconnect node-3", Command::Node { action: NodeAction::Reconnect, name: "node-3".into() });
        check("node", Command::Help { topic: Some("node".into()) });
        check_error("node power-off", "error: missing node name\nUsage: node power-off NODE");
        check_error(
            "node power-off a b",
            "error: unexpected argument \"b\": give one node name\nUsage: node power-off NODE",
        );
        check_error(
            "node poweroof x",
            "error: unknown command \"poweroof\" for \"node\"\n\nDid you mean this?\n\tpower-off\n\tpower-on\n\nRun 'help node' for usage.",
        );
        check_error("kubectl node power-off x", "error: unknown command \"node\" for \"kubectl\"\n'node' is a kubeplay command, not a kubectl one: run it without 'kubectl'");
    }

    #[test]
    fn node_actions_say_what_changed() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "node power-off node-2", "node/node-2 powered off");
        check_run(&mut cluster, "node power-off node-2", "node/node-2 is already powered off");
        check_run(&mut cluster, "node power-on node-2", "node/node-2 powering on (kubelet up in 10s)");
        check_run(&mut cluster, "node power-on node-2", "node/node-2 is already powered on");
        check_run(&mut cluster, "node reconnect node-3", "node/node-3 is already connected");
        check_run(
            &mut cluster,
            "node disconnect node-3",
            "node/node-3 disconnected from the control plane (its containers keep running)",
        );
        check_run(&mut cluster, "node reconnect node-3", "node/node-3 reconnected");
        check_run(&mut cluster, "node power-off node-9", "Error from server (NotFound): nodes \"node-9\" not found");
    }
}

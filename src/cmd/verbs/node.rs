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
}

//! `help [VERB]` (also `kubectl --help`, `VERB --help`); the text is generated from `VERBS`.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "help",
    aliases: &[],
    kubectl: true,
    usage: "help [VERB]",
    summary: "List the commands, or show how to use one",
    flags: &[],
    examples: &["help", "help get", "help rollout", "help load start"],
    parse: parse_help,
};

fn parse_help(args: &Args) -> Result<Command, ParseError> {
    let mut words = args.all_positionals();
    if words.first().is_some_and(|word| word.text == "kubectl" || word.text == "k") {
        words = &words[1..];
    }
    let Some(first) = words.first() else { return Ok(Command::Help { topic: None }) };
    let topic = texts(words).join(" ");
    let known = VERBS.iter().find(|verb| verb.name == topic || verb.aliases.contains(&topic.as_str()));
    if let Some(verb) = known {
        return Ok(Command::Help { topic: Some(verb.name.to_string()) });
    }
    if words.len() == 1 && VERBS.iter().any(|verb| verb.name.split(' ').next() == Some(topic.as_str())) {
        return Ok(Command::Help { topic: Some(topic) });
    }
    let suggestions = suggestions(&first.text, verb_first_words(false));
    Err(args
        .error(Some(first.span), ParseErrorKind::UnknownCommand { name: topic, parent: String::new(), suggestions }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn help_command_and_text() {
        check("help", Command::Help { topic: None });
        check("kubectl help get", Command::Help { topic: Some("get".into()) });
        check("help top pods", Command::Help { topic: Some("top pod".into()) });
        check("help load", Command::Help { topic: Some("load".into()) });
        check_error(
            "help gett",
            "error: unknown command \"gett\"\n\nDid you mean this?\n\tget\n\nRun 'help' for a list of commands.",
        );
        let listing = help(None);
        for verb in VERBS {
            assert!(listing.contains(&format!("  {}", verb.name)), "{}", verb.name);
        }
        let scale = help(Some("scale"));
        assert_eq!(
            scale,
            "scale - Set the replica count of a Deployment or ReplicaSet\n\nUsage:\n  kubectl scale deployment/NAME --replicas=N\n  kubectl scale deployment NAME --replicas=N\n\nFlags:\n      --replicas=...   the new number of replicas\n\nExamples:\n  kubectl scale deploy/web --replicas=5\n  kubectl scale deployment web --replicas 0\n"
        );
        let load = help(Some("load"));
        assert!(load.contains("load start - ") && load.contains("load stop - "), "{load}");
    }
}

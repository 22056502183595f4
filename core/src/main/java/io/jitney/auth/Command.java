package io.jitney.auth;

/**
 * One line of the authentication protocol split into its command and argument text: "an all-caps
 * ASCII command name ..., a space, then any arguments for the command".
 *
 * @param name the command (the text before the first space; the whole line if there is none)
 * @param args the rest of the line, without surrounding blanks; empty if there are no arguments
 */
record Command(String name, String args) {
    static Command parse(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new Command(line, "");
        }
        return new Command(line.substring(0, space), line.substring(space + 1).strip());
    }
}

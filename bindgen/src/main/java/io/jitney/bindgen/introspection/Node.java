package io.jitney.bindgen.introspection;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <node>}: an object with its interfaces and child nodes.
 *
 * @param name       the {@code name} attribute as written, or {@code null}: absolute for a root
 *                   node that has one, relative for children (not validated: real services list
 *                   children such as {@code child-with-dashes})
 * @param interfaces the interfaces, in document order
 * @param children   the child nodes; an empty child may or may not have interfaces of its own
 *                   (the spec: introspect it to find out)
 */
public record Node(String name, List<Interface> interfaces, List<Node> children) {
    public Node {
        interfaces = List.copyOf(interfaces);
        children = List.copyOf(children);
    }

    /** Every interface of this node and of its descendants, depth first, in document order. */
    public List<Interface> allInterfaces() {
        var out = new ArrayList<Interface>();
        collect(this, out);
        return out;
    }

    private static void collect(Node node, List<Interface> out) {
        out.addAll(node.interfaces);
        for (Node child : node.children) {
            collect(child, out);
        }
    }
}

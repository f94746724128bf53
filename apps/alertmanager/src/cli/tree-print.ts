// ASCII trees in the format of github.com/xlab/treeprint, which amtool uses for routing trees.

/** TreeNode is a labelled node with children. */
export interface TreeNode {
  value: string;
  children: TreeNode[];
}

/** printTree renders a tree under a `.` root line, each line ending in a newline. */
export function printTree(children: readonly TreeNode[]): string {
  let out = '.\n';
  const walk = (nodes: readonly TreeNode[], prefix: string): void => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      out += `${prefix}${last ? '└── ' : '├── '}${node.value}\n`;
      // treeprint pads the vertical bar with two no-break spaces and a space.
      walk(node.children, `${prefix}${last ? '    ' : '│\u00a0\u00a0 '}`);
    });
  };
  walk(children, '');
  return out;
}

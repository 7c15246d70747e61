import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { foldVietnamese, useUnits, type Unit } from './units';

interface UnitNode {
  value: string;
  title: string;
  search: string;
  disabled?: boolean;
  children: UnitNode[];
}

/** The units under `within` (a path prefix) as a tree, roots being those whose parent is outside. */
function buildTree(
  units: readonly Unit[],
  within: string,
  exclude: readonly string[],
  assignable: boolean,
): UnitNode[] {
  const shown = units.filter((u) => u.path.startsWith(within));
  const nodes = new Map<string, UnitNode>(
    shown.map((u) => [
      u.id,
      {
        value: u.id,
        title: u.dissolvedOn ? `${u.name} (đã giải thể)` : u.name,
        search: foldVietnamese(`${u.name} ${u.code}`),
        disabled: exclude.includes(u.id) || (assignable && u.dissolvedOn != null),
        children: [],
      },
    ]),
  );
  const roots: UnitNode[] = [];
  for (const unit of [...shown].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

type Props = Omit<TreeSelectProps, 'treeData' | 'showSearch'> & {
  /** Only units whose path starts with this prefix are offered (the actor's scope). */
  within?: string;
  /** Units shown but not selectable (e.g. the lead unit among coordinating units). */
  exclude?: readonly string[];
  /** Choosing where work goes: a unit merged away or dissolved is shown but not selectable. */
  assignable?: boolean;
};

/**
 * A searchable unit tree (GET /units): typing filters by name or code, without diacritics
 * ("so ke hoach" finds "Sở Kế hoạch và Đầu tư").
 */
export function UnitTreeSelect({
  within = '/',
  exclude = [],
  assignable = false,
  ...props
}: Props) {
  const { data: units, isLoading } = useUnits();
  const treeData = useMemo(
    () => buildTree(units ?? [], within, exclude, assignable),
    [units, within, exclude, assignable],
  );
  return (
    <TreeSelect
      showSearch={{
        filterTreeNode: (input, node) =>
          ((node as unknown as UnitNode).search ?? '').includes(foldVietnamese(input)),
      }}
      treeDefaultExpandAll
      loading={isLoading}
      treeData={treeData}
      notFoundContent="Không có đơn vị phù hợp"
      placeholder="Gõ tên đơn vị để tìm"
      style={{ width: '100%' }}
      popupMatchSelectWidth
      {...props}
    />
  );
}

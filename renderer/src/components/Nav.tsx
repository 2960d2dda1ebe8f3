/**
 * The main navigation: one large target per area. It is a single tab stop (roving tabindex):
 * arrow keys, Home and End move between areas, Enter or Space opens one.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n';
import { useVisibleAreas } from '../auth/area-access';
import { areaLabel, areaHref, type AreaId } from '../routing';
import { Icon } from './Icon';

export function Nav({ current }: { current: AreaId }) {
  const t = useT();
  // Only the areas of the signed-in role (none while signed out or locked).
  const AREAS = useVisibleAreas();
  const links = useRef(new Map<AreaId, HTMLAnchorElement>());
  // The one link reachable with Tab: the focused one while moving with arrows, else the current.
  const [tabStop, setTabStop] = useState<AreaId>(current);
  const [lastCurrent, setLastCurrent] = useState<AreaId>(current);
  if (lastCurrent !== current) {
    setLastCurrent(current);
    setTabStop(current);
  }

  const focusArea = (index: number) => {
    const count = AREAS.length;
    const area = AREAS[((index % count) + count) % count];
    if (area) links.current.get(area)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const index = AREAS.findIndex((area) => links.current.get(area) === document.activeElement);
    if (index < 0) return;
    let target: number | null = null;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        target = index + 1;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        target = index - 1;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = AREAS.length - 1;
        break;
      case ' ':
        event.preventDefault();
        links.current.get(AREAS[index] ?? current)?.click();
        return;
      default:
        return;
    }
    event.preventDefault();
    focusArea(target);
  };

  return (
    <nav className="nav" aria-label={t('nav.label')} onKeyDown={onKeyDown}>
      <ul className="nav__list">
        {AREAS.map((area) => {
          const active = area === current;
          return (
            <li key={area}>
              <a
                ref={(element) => {
                  if (element) links.current.set(area, element);
                  else links.current.delete(area);
                }}
                href={areaHref(area)}
                className={active ? 'nav__link nav__link--active' : 'nav__link'}
                aria-current={active ? 'page' : undefined}
                tabIndex={area === tabStop ? 0 : -1}
                onFocus={() => setTabStop(area)}
                data-area={area}
              >
                <Icon name={area} size={26} />
                <span className="nav__label">{t(areaLabel(area))}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

import type { ActiveType, ActivityConfig, Identity, Template } from './activity'

/**
 * Where a new configuration starts (the studio, the server's demos and checks): apart from activity.ts,
 * which the participant's page downloads, so that page goes without it.
 */

/** A blank configuration with every field at its default. */
export function defaultActivity(template: Template = 11): ActivityConfig {
  return {
    active_title: '',
    active_type: 1,
    identity: 'anonymous',
    template,
    virtual: 0,
    active_time: [],
    prize: [],
    tips: { have_award: '', no_times: '', no_award: '', game_over: '', default: '' },
    rule: '',
    max_play: 0,
    max_eplay: 0,
    max_share: 0,
    status: 1,
    isshare: 1,
    share_title: '',
    share_desc: '',
    share_link: '',
    share_img: '',
    actinfo: {},
    multi_draw: [],
    claim_fields: [],
    guides: {},
    bgm: '',
  }
}

/** The identity of a configuration saved before the field existed (and the default when none is given). */
export function impliedIdentity(activeType: ActiveType): Identity {
  return activeType === 2 ? 'ticket' : 'anonymous'
}
